// A worker thread of `falpub check` (see check-apps.ts): checks its share of the apps and posts
// the outcomes back. The compile cache is on before the check code loads, as in bin/.
import module from "node:module";

// Node >= 22.1 (types are @types/node 20).
(module as { enableCompileCache?: () => void }).enableCompileCache?.();
const { parentPort, workerData } = await import("node:worker_threads");
const { checkInOrder } = await import("./check-apps.js");
const input = workerData as import("./check-apps.js").WorkerInput;
parentPort!.postMessage(await checkInOrder(input.manifests, input.opts));
