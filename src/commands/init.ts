export async function runInit(..._args: unknown[]): Promise<number> { throw new Error("not built yet"); }
