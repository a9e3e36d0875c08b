import { describe, expect, it } from "vitest";
import { collectPage } from "./render-chunks.server";

async function through(chunks: Buffer[]) {
  const { destination, page } = collectPage();
  for (const chunk of chunks) destination.write(chunk);
  destination.end();
  return new TextDecoder().decode(await page);
}

describe("a page's HTML as React 18 streams it", () => {
  it("loses the NULs React leaves where a £ would have straddled two buffers, and keeps the £", async () => {
    const first = Buffer.concat([Buffer.from("Total "), Buffer.alloc(1)]);
    const second = Buffer.from("£1,535.00</td>");
    expect(await through([first, second])).toBe("Total £1,535.00</td>");
  });

  it("drops no more than the three bytes a character's gap can be, and nothing else", async () => {
    expect(await through([Buffer.concat([Buffer.from("a"), Buffer.alloc(3)]), Buffer.from("b")])).toBe("ab");
    expect(await through([Buffer.from("plain"), Buffer.from(" text")])).toBe("plain text");
  });

  it("is sent whole once React has written all of it", async () => {
    expect(await through([Buffer.from("<html>"), Buffer.from("<body></body>"), Buffer.from("</html>")])).toBe("<html><body></body></html>");
  });
});
