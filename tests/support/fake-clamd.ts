import net from "node:net";

/**
 * A stand-in for clamd on a free port, speaking its INSTREAM protocol: it reads "zINSTREAM\0" and
 * the length-prefixed chunks up to the zero length, then answers "stream: OK" or, if the file holds
 * the EICAR test string, "stream: Eicar-Signature FOUND". `mode: "silent"` never answers (for the
 * timeout), `mode: "error"` answers an ERROR line. It remembers what each scan received.
 */
export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

export interface FakeClamd {
  port: number;
  mode: "normal" | "silent" | "error";
  /** The bytes of every file scanned, in order. */
  scanned: Buffer[];
  close(): Promise<void>;
}

export async function startFakeClamd(): Promise<FakeClamd> {
  const sockets = new Set<net.Socket>();
  const fake: FakeClamd = { port: 0, mode: "normal", scanned: [], close: async () => {} };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    let commandRead = false;
    const file: Buffer[] = [];
    socket.on("data", (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (!commandRead) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        if (buffer.subarray(0, end).toString() !== "zINSTREAM") {
          socket.end("UNKNOWN COMMAND\0");
          return;
        }
        commandRead = true;
        buffer = buffer.subarray(end + 1);
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          const content = Buffer.concat(file);
          fake.scanned.push(content);
          if (fake.mode === "silent") return;
          if (fake.mode === "error") socket.end("INSTREAM size limit exceeded. ERROR\0");
          else socket.end(content.includes(EICAR) ? "stream: Eicar-Signature FOUND\0" : "stream: OK\0");
          return;
        }
        if (buffer.length < 4 + length) return;
        file.push(Buffer.from(buffer.subarray(4, 4 + length)));
        buffer = buffer.subarray(4 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.port = (server.address() as net.AddressInfo).port;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}

/** A port nothing listens on (taken and given back at once). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
