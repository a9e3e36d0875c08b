import { Writable } from "node:stream";

/**
 * React 18's streaming renderer encodes HTML into 2,048-byte buffers and, when a multi-byte
 * character (a "£", a curly quote) would straddle the end of one, stops short and still sends the
 * whole buffer: the unwritten bytes at its end go out as NULs (react#24985, #31134; fixed by
 * react#26228 in React 19). The character itself starts the next buffer, so nothing is lost by
 * dropping them. HTML allows no NUL in a page (a browser shows one as "�"), so up to three NUL
 * bytes at the end of a chunk are dropped: the most such a gap can be.
 */
export function withoutTrailingNulls(chunk: Buffer): Buffer {
  let end = chunk.length;
  while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end -= 1;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

/**
 * Where React writes a page: its 2 kB buffers (without their NULs) gathered into one, the page
 * sent whole. A page passed chunk by chunk through a web stream, the compression middleware and
 * the socket cost a zlib call and several callbacks per 2 kB: 1 ms of a 10 ms request (measured,
 * issue 13). `page` settles when React ends the stream.
 */
export function collectPage(): { destination: Writable; page: Promise<Uint8Array<ArrayBuffer>> } {
  const chunks: Buffer[] = [];
  let settle!: { resolve: (page: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void };
  const page = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => (settle = { resolve, reject }));
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(withoutTrailingNulls(chunk));
      callback();
    },
    final(callback) {
      const whole = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        whole.set(chunk, at);
        at += chunk.length;
      }
      settle.resolve(whole);
      callback();
    },
    destroy(error, callback) {
      if (error) settle.reject(error);
      callback(error);
    },
  });
  return { destination, page };
}
