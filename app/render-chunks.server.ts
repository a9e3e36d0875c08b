import { Transform } from "node:stream";

/**
 * React 18's streaming renderer encodes HTML into 2,048-byte buffers and, when a multi-byte
 * character (a "£", a curly quote) would straddle the end of one, stops short and still sends the
 * whole buffer: the unwritten bytes at its end go out as NULs (react#24985, #31134; fixed by
 * react#26228 in React 19). The character itself starts the next buffer, so nothing is lost by
 * dropping them. HTML allows no NUL in a page (a browser shows one as "�"), so up to three NUL
 * bytes at the end of a chunk are dropped: the most such a gap can be.
 */
export function dropTrailingNulls(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end -= 1;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
