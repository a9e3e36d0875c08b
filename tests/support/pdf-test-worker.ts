import { parentPort } from "node:worker_threads";

/**
 * A stand-in for app/pdf/worker.ts that misbehaves on request, to test the pool
 * (tests/integration/pdf-pool.test.ts): "echo" answers its text as bytes, "crash" throws out of
 * the thread, "exit" ends it, "hang" never answers (a busy loop, as a long layout would be),
 * "wait" answers after `ms`, "oom" fills the heap.
 */
type Message = { id: number; kind: string; props: { text?: string; ms?: number } };

parentPort!.on("message", ({ id, kind, props }: Message) => {
  const answer = () => {
    const bytes = new TextEncoder().encode(props.text ?? kind);
    parentPort!.postMessage({ id, ok: true, bytes }, [bytes.buffer]);
  };
  if (kind === "echo") answer();
  else if (kind === "wait") setTimeout(answer, props.ms ?? 100);
  else if (kind === "fail") parentPort!.postMessage({ id, ok: false, message: "the document could not be laid out" });
  else if (kind === "crash") setImmediate(() => { throw new Error("the worker fell over"); });
  else if (kind === "exit") process.exit(3);
  else if (kind === "hang") for (;;);
  else if (kind === "oom") {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
  }
});
