export async function runDeploy(..._args: unknown[]): Promise<number> { throw new Error("not built yet"); }
