import { describe, expect, it } from "vitest";
import { requestedPence } from "./bid-completeness";
import {
  formatPence,
  formatQuantity,
  formatUnitPrice,
  hasTooManyDecimalPlaces,
  lineTotalPence,
  parsePoundsToPence,
  parseQuantity,
  parseScaledDecimal,
  parseUnitPrice,
  penceToInput,
  quantityToInput,
  sumPence,
  unitPriceToInput,
} from "./money";

/** Reads a typed quantity and unit price the way the cost form does, and prices the line. */
const line = (quantity: string, unitPrice: string) => {
  const q = parseQuantity(quantity);
  const p = parseUnitPrice(unitPrice);
  if (q === null || p === null) throw new Error(`unreadable line ${quantity} × ${unitPrice}`);
  return lineTotalPence(q, p);
};

/** A small seeded generator so the property-style loops are repeatable. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integers spread over every order of magnitude up to `max`, plus the edges. */
function sampleIntegers(max: number, count: number, seed: number): number[] {
  const random = mulberry32(seed);
  const values = new Set<number>([0, 1, 5, 9, 10, 49, 50, 99, 100, 101, 999, 1000, 1001, 9999, 10000, 10001, max]);
  const digits = String(max).length;
  while (values.size < count) {
    const magnitude = 10 ** Math.floor(random() * digits);
    values.add(Math.min(max, Math.floor(random() * magnitude * 10)));
  }
  return [...values];
}

describe("pricing a cost line (quantity × unit price, to the penny)", () => {
  it("prices 10,000 drink covers at £0.1535 each at exactly £1,535.00", () => {
    expect(formatPence(lineTotalPence(1_000_000, parseUnitPrice("0.1535")!))).toBe("£1,535.00");
    expect(line("10,000", "£0.1535")).toBe(153_500);
  });

  it("prices 1,000 drug testing strips at £1.50 each at £1,500.00", () => {
    expect(line("1000", "1.50")).toBe(150_000);
    expect(formatPence(line("1,000", "£1.50"))).toBe("£1,500.00");
  });

  it("prices 20 convex mirrors at £38.39 each at £767.80", () => {
    expect(line("20", "38.39")).toBe(76_780);
    expect(formatPence(line("20", "38.39"))).toBe("£767.80");
  });

  it("prices a single item at its unit price", () => {
    expect(line("1", "3000")).toBe(300_000);
    expect(line("1", "0.01")).toBe(1);
  });

  it("prices a fractional quantity (2.5 days at £120.00 a day is £300.00)", () => {
    expect(line("2.5", "120")).toBe(30_000);
    expect(line("0.25", "1000")).toBe(25_000);
  });

  it("prices a zero quantity or a zero unit price at £0.00", () => {
    expect(line("0", "38.39")).toBe(0);
    expect(line("20", "0")).toBe(0);
  });

  describe("rounding half a penny or more up, and less than half a penny down", () => {
    it("one item at £0.0050 costs 1p (exactly half a penny rounds up)", () => {
      expect(line("1", "0.0050")).toBe(1);
    });

    it("one item at £0.0049 costs 0p (just under half a penny rounds down)", () => {
      expect(line("1", "0.0049")).toBe(0);
    });

    it("one item at £0.0051 costs 1p", () => {
      expect(line("1", "0.0051")).toBe(1);
    });

    it("three items at £0.3333 cost £1.00 (99.99p rounds up)", () => {
      expect(line("3", "0.3333")).toBe(100);
    });

    it("three items at £0.3332 cost £1.00 (99.96p rounds up)", () => {
      expect(line("3", "0.3332")).toBe(100);
    });

    it("three items at £0.0033 cost 1p (0.99p rounds up)", () => {
      expect(line("3", "0.0033")).toBe(1);
    });

    it("rounds 2.5p up to 3p rather than to the even penny (half-up, not banker's rounding)", () => {
      // 0.5 × £0.05 = 2.5p
      expect(line("0.5", "0.05")).toBe(3);
      // 1.5 × £0.01 = 1.5p
      expect(line("1.5", "0.01")).toBe(2);
      // 0.5 × £0.01 = 0.5p
      expect(line("0.5", "0.01")).toBe(1);
    });

    it("rounds 0.25p down to nothing and 0.75p up to 1p", () => {
      expect(line("2.5", "0.001")).toBe(0);
      expect(line("0.5", "0.015")).toBe(1);
    });

    it("rounds the smallest possible fractions: 0.01 of an item at £0.0001 is 0p", () => {
      expect(lineTotalPence(1, 1)).toBe(0);
      expect(lineTotalPence(1, 4999)).toBe(0);
      expect(lineTotalPence(1, 5000)).toBe(1);
    });

    it("agrees with exact half-up rounding for many quantities and prices", () => {
      const random = mulberry32(20230401);
      for (let i = 0; i < 2000; i++) {
        const q = Math.floor(random() * 100_000);
        const p = Math.floor(random() * 1_000_000);
        const product = BigInt(q) * BigInt(p);
        const whole = product / 10_000n;
        const remainder = product % 10_000n;
        const expected = Number(remainder >= 5_000n ? whole + 1n : whole);
        expect(lineTotalPence(q, p)).toBe(expected);
      }
    });
  });

  describe("very large lines stay exact to the penny", () => {
    it("prices a line whose raw product is beyond floating-point precision exactly", () => {
      // 1,234,567.89 × £98,765.4321 = £121,932,631,112.635269 → £121,932,631,112.64
      const q = 123_456_789;
      const p = 987_654_321;
      expect(q * p).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
      expect(lineTotalPence(q, p)).toBe(12_193_263_111_264);
      expect(formatPence(lineTotalPence(q, p))).toBe("£121,932,631,112.64");
    });

    it("rounds an exact half penny up even when the product is too big for floating point", () => {
      // 9,007,199.25 × £1.0002: compare with the exact BigInt answer
      const q = 900_719_925;
      const p = 10_002;
      const product = BigInt(q) * BigInt(p);
      const expected = Number((product + 5_000n) / 10_000n);
      expect(lineTotalPence(q, p)).toBe(expected);
      // A product ending in exactly ...5000 (half a penny) above 2^53
      const qHalf = 100_000_001; // 1,000,000.01
      const pHalf = 100_005_000; // £10,000.5000
      const halfProduct = BigInt(qHalf) * BigInt(pHalf);
      expect(halfProduct % 10_000n).toBe(5_000n);
      expect(Number(halfProduct)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
      expect(lineTotalPence(qHalf, pHalf)).toBe(Number(halfProduct / 10_000n + 1n));
    });

    it("prices ten million items at £100,000.00 at exactly £1,000,000,000,000.00", () => {
      expect(formatPence(line("10000000", "100000"))).toBe("£1,000,000,000,000.00");
    });
  });

  it("refuses a negative quantity or unit price", () => {
    expect(() => lineTotalPence(-100, 1535)).toThrow(RangeError);
    expect(() => lineTotalPence(100, -1535)).toThrow(RangeError);
  });

  it("refuses a quantity or price that is not a whole number of hundredths / ten-thousandths", () => {
    expect(() => lineTotalPence(1.5, 1535)).toThrow();
    expect(() => lineTotalPence(100, 0.5)).toThrow();
    expect(() => lineTotalPence(Number.NaN, 1)).toThrow();
  });
});

describe("adding up amounts", () => {
  it("adds pence exactly", () => {
    expect(sumPence([76_780, 150_000, 153_500])).toBe(380_280);
  });

  it("an empty list adds up to £0.00", () => {
    expect(sumPence([])).toBe(0);
    expect(formatPence(sumPence([]))).toBe("£0.00");
  });

  it("accepts any iterable, such as a generator", () => {
    function* amounts() {
      yield 1;
      yield 2;
      yield 3;
    }
    expect(sumPence(amounts())).toBe(6);
  });

  it("does not drift when adding many penny amounts (unlike adding pounds as decimals)", () => {
    expect(sumPence(Array.from({ length: 1000 }, () => 10))).toBe(10_000);
    expect(formatPence(sumPence([10, 20]))).toBe("£0.30");
  });
});

describe("Melton Borough Council's six 2023-24 bids", () => {
  const pounds = (text: string) => parsePoundsToPence(text)!;

  const bids = {
    // Community Safety Officer: cost line £30,924 with a £15,462 cash match
    officer: requestedPence({ totalCostPence: lineTotalPence(100, pounds("30,924") * 100), matchFundingPence: pounds("15,462") }),
    disc: lineTotalPence(100, pounds("1,270") * 100),
    playCloseCctv: lineTotalPence(100, pounds("4,843") * 100),
    wcctv: sumPence([lineTotalPence(100, pounds("3,000") * 100), lineTotalPence(100, pounds("1,850") * 100)]),
    mirrors: lineTotalPence(parseQuantity("20")!, parseUnitPrice("38.39")!),
    drinkSafe: sumPence([
      lineTotalPence(parseQuantity("1,000")!, parseUnitPrice("1.50")!),
      lineTotalPence(parseQuantity("10,000")!, parseUnitPrice("0.1535")!),
    ]),
  };

  it("each bid requests the amount in the council's report", () => {
    expect(formatPence(bids.officer)).toBe("£15,462.00");
    expect(formatPence(bids.disc)).toBe("£1,270.00");
    expect(formatPence(bids.playCloseCctv)).toBe("£4,843.00");
    expect(formatPence(bids.wcctv)).toBe("£4,850.00");
    expect(formatPence(bids.mirrors)).toBe("£767.80");
    expect(formatPence(bids.drinkSafe)).toBe("£3,035.00");
  });

  it("the six requests total £30,227.80 — not the £29,727.80 typed in the council's report", () => {
    const total = sumPence(Object.values(bids));
    expect(formatPence(total)).toBe("£30,227.80");
    expect(formatPence(total)).not.toBe("£29,727.80");
    expect(total - pounds("29,727.80")).toBe(50_000); // the report is £500.00 short
  });
});

describe("showing an amount of money", () => {
  it.each([
    [153_500, "£1,535.00"],
    [0, "£0.00"],
    [1, "£0.01"],
    [10, "£0.10"],
    [99, "£0.99"],
    [100, "£1.00"],
    [76_780, "£767.80"],
    [99_999, "£999.99"],
    [100_000, "£1,000.00"],
    [3_022_780, "£30,227.80"],
    [100_000_000, "£1,000,000.00"],
    [123_456_789_012, "£1,234,567,890.12"],
    [Number.MAX_SAFE_INTEGER, "£90,071,992,547,409.91"],
  ])("shows %i pence as %s", (pence, text) => {
    expect(formatPence(pence)).toBe(text);
  });

  it("shows a negative amount with a true minus sign before the pound sign: −£12.30", () => {
    expect(formatPence(-1_230)).toBe("−£12.30");
    expect(formatPence(-1_230).charCodeAt(0)).toBe(0x2212);
    expect(formatPence(-1)).toBe("−£0.01");
    expect(formatPence(-123_456_789)).toBe("−£1,234,567.89");
  });

  it("shows minus zero as £0.00, without a sign", () => {
    expect(formatPence(-0)).toBe("£0.00");
  });
});

describe("showing a unit price", () => {
  it.each([
    [1_535, "£0.1535"],
    [383_900, "£38.39"],
    [30_000_000, "£3,000.00"],
    [15_000, "£1.50"],
    [1_500, "£0.15"],
    [1_530, "£0.153"],
    [10, "£0.001"],
    [1, "£0.0001"],
    [100, "£0.01"],
    [0, "£0.00"],
    [10_000, "£1.00"],
    [10_001, "£1.0001"],
    [10_010, "£1.001"],
    [10_100, "£1.01"],
    [11_000, "£1.10"],
    [12_345_678_901, "£1,234,567.8901"],
  ])("shows %i ten-thousandths of a pound as %s", (value, text) => {
    expect(formatUnitPrice(value)).toBe(text);
  });
});

describe("showing a quantity", () => {
  it.each([
    [100, "1"],
    [2_000, "20"],
    [1_000_000, "10,000"],
    [250, "2.5"],
    [225, "2.25"],
    [1, "0.01"],
    [10, "0.1"],
    [0, "0"],
    [123_456_78, "123,456.78"],
  ])("shows %i hundredths as %s", (value, text) => {
    expect(formatQuantity(value)).toBe(text);
  });
});

describe("reading an amount typed by a person", () => {
  it.each([
    ["£1,535", 153_500],
    ["1,535", 153_500],
    ["1535", 153_500],
    ["1535.5", 153_550],
    ["1535.50", 153_550],
    [" 12.5 ", 1_250],
    ["£ 12.50", 1_250],
    ["  £1,535.00  ", 153_500],
    ["0", 0],
    ["0.01", 1],
    ["007", 700],
    ["12.", 1_200],
    ["1,000,000", 100_000_000],
  ])("reads %j as %i pence", (input, pence) => {
    expect(parsePoundsToPence(input)).toBe(pence);
  });

  it.each([
    ["-1"],
    ["−1"],
    ["+1"],
    ["abc"],
    ["1e5"],
    [""],
    ["   "],
    ["£"],
    ["1.2.3"],
    ["1.234"],
    [".5"],
    ["12 34"],
    ["£-5"],
    ["5£"],
    ["1.5p"],
    ["Infinity"],
    ["NaN"],
    ["0x10"],
    ["1_000"],
    ["١٢٣"], // Arabic-Indic digits
    ["9999999999999999"], // 16 digits of pounds
    ["90071992547409.92"], // one penny more than can be held exactly
    ["999999999999999"], // 15 digits of pounds: too many pence to hold exactly
  ])("refuses %j as an amount of money", (input) => {
    expect(parsePoundsToPence(input)).toBeNull();
  });

  it("reads the largest amount that can be held exactly, and refuses a penny more", () => {
    expect(parsePoundsToPence("90,071,992,547,409.91")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parsePoundsToPence("90,071,992,547,409.92")).toBeNull();
  });
});

describe("reading a unit price typed by a person (up to four decimal places)", () => {
  it.each([
    ["0.1535", 1_535],
    ["£0.1535", 1_535],
    ["38.39", 383_900],
    ["£3,000", 30_000_000],
    ["1.5", 15_000],
    [" 12.5 ", 125_000],
    ["0.0001", 1],
    ["0", 0],
  ])("reads %j as %i ten-thousandths", (input, value) => {
    expect(parseUnitPrice(input)).toBe(value);
  });

  it.each([["1.23456"], ["-1"], ["abc"], ["1e5"], [""], ["1.2.3"], ["0.00001"], ["99999999999999999"]])(
    "refuses %j as a unit price",
    (input) => {
      expect(parseUnitPrice(input)).toBeNull();
    },
  );

  it("accepts exactly four decimal places and refuses five", () => {
    expect(parseUnitPrice("1.2345")).toBe(12_345);
    expect(parseUnitPrice("1.23456")).toBeNull();
  });

  it("refuses a unit price too large to hold exactly", () => {
    // 15 digits of pounds × 10^4 is beyond Number.MAX_SAFE_INTEGER
    expect(parseUnitPrice("100000000000000")).toBeNull();
    expect(parseUnitPrice("900719925474.0991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseUnitPrice("900719925474.0992")).toBeNull();
  });
});

describe("reading a quantity typed by a person (up to two decimal places)", () => {
  it.each([
    ["10,000", 1_000_000],
    ["20", 2_000],
    ["2.5", 250],
    ["2.25", 225],
    [" 12.5 ", 1_250],
    ["0.01", 1],
  ])("reads %j as %i hundredths", (input, value) => {
    expect(parseQuantity(input)).toBe(value);
  });

  it.each([["2.255"], ["-1"], ["abc"], ["1e5"], [""], ["1.2.3"], ["9999999999999999"]])("refuses %j as a quantity", (input) => {
    expect(parseQuantity(input)).toBeNull();
  });
});

describe("parseScaledDecimal", () => {
  it("scales by the number of places asked for", () => {
    expect(parseScaledDecimal("1.5", 0)).toBeNull();
    expect(parseScaledDecimal("15", 0)).toBe(15);
    expect(parseScaledDecimal("1.5", 1)).toBe(15);
    expect(parseScaledDecimal("1.5", 3)).toBe(1_500);
  });

  it("refuses more than fifteen digits before the point whatever the scale", () => {
    expect(parseScaledDecimal("123456789012345", 0)).toBe(123_456_789_012_345);
    expect(parseScaledDecimal("1234567890123456", 0)).toBeNull();
  });
});

describe("what is shown can be read back as the same amount", () => {
  const maxPence = Number.MAX_SAFE_INTEGER;

  it("formatPence then parsePoundsToPence gives back the same pence", () => {
    for (const pence of sampleIntegers(maxPence, 3000, 1)) {
      expect(parsePoundsToPence(formatPence(pence)), formatPence(pence)).toBe(pence);
    }
  });

  it("every amount from £0.00 to £100.00 round-trips through what is shown and what goes in a form field", () => {
    for (let pence = 0; pence <= 10_000; pence++) {
      expect(parsePoundsToPence(formatPence(pence))).toBe(pence);
      expect(parsePoundsToPence(penceToInput(pence))).toBe(pence);
    }
  });

  // penceToInput divides by 100 in floating point, which is exact to the penny only below
  // 2^46 pounds (£70,368,744,177,664.00) — far above any real bid, but below what the parser accepts.
  const penceToInputExactBelow = 2 ** 46 * 100;

  it("penceToInput then parsePoundsToPence gives back the same pence (up to £70 trillion)", () => {
    for (const pence of sampleIntegers(penceToInputExactBelow - 1, 3000, 2)) {
      expect(parsePoundsToPence(penceToInput(pence)), penceToInput(pence)).toBe(pence);
    }
  });

  it("penceToInput is exact for every amount parsePoundsToPence accepts", () => {
    expect(penceToInput(penceToInputExactBelow + 1)).toBe("70368744177664.01");
    expect(parsePoundsToPence(penceToInput(maxPence))).toBe(maxPence);
  });

  it("penceToInput is plain text a person could type: no pound sign, no commas, two decimals", () => {
    expect(penceToInput(153_500)).toBe("1535.00");
    expect(penceToInput(1)).toBe("0.01");
    expect(penceToInput(0)).toBe("0.00");
  });

  it("formatUnitPrice then parseUnitPrice gives back the same price", () => {
    for (const price of sampleIntegers(maxPence, 3000, 3)) {
      expect(parseUnitPrice(formatUnitPrice(price)), formatUnitPrice(price)).toBe(price);
      expect(parseUnitPrice(unitPriceToInput(price)), unitPriceToInput(price)).toBe(price);
    }
  });

  it("unitPriceToInput is plain text: £3,000.00 goes in the field as 3000.00", () => {
    expect(unitPriceToInput(30_000_000)).toBe("3000.00");
    expect(unitPriceToInput(1_535)).toBe("0.1535");
  });

  it("formatQuantity then parseQuantity gives back the same quantity", () => {
    for (const quantity of sampleIntegers(maxPence, 3000, 4)) {
      expect(parseQuantity(formatQuantity(quantity)), formatQuantity(quantity)).toBe(quantity);
      expect(parseQuantity(quantityToInput(quantity)), quantityToInput(quantity)).toBe(quantity);
    }
  });

  it("quantityToInput is plain text: 10,000 goes in the field as 10000", () => {
    expect(quantityToInput(1_000_000)).toBe("10000");
    expect(quantityToInput(250)).toBe("2.5");
  });

  it("reading what a person typed and showing it again is stable", () => {
    const random = mulberry32(99);
    for (let i = 0; i < 2000; i++) {
      const pounds = Math.floor(random() * 10 ** Math.floor(random() * 10));
      const pennies = Math.floor(random() * 100);
      const typed = `${pounds}.${String(pennies).padStart(2, "0")}`;
      const pence = parsePoundsToPence(typed)!;
      expect(pence).toBe(pounds * 100 + pennies);
      expect(formatPence(pence).replace(/[£,]/g, "")).toBe(typed);
    }
  });
});

describe("commas in typed amounts", () => {
  it("a comma is read only as a thousands separator, so '1,5' is refused rather than read as £15", () => {
    expect(parsePoundsToPence("1,5")).toBeNull();
    expect(parsePoundsToPence("12,34.5")).toBeNull();
    expect(parsePoundsToPence("1,535")).toBe(153_500);
    expect(parsePoundsToPence("£1,234,567.89")).toBe(123_456_789);
  });
});

describe("telling too many decimal places from not a number", () => {
  it("a plain number with more decimal places than allowed is too many decimal places", () => {
    expect(hasTooManyDecimalPlaces("1.234", 2)).toBe(true);
    expect(hasTooManyDecimalPlaces(" £0.12345 ", 4)).toBe(true);
    expect(hasTooManyDecimalPlaces("10,000.555", 2)).toBe(true);
  });

  it("a number within the limit, or something that is not a number at all, is not", () => {
    for (const typed of ["1.23", "0.1535", "10,000", "abc", "1e5", "-1.234", "1,5.234", "12,34.555", "1.2.3", "", "£"]) {
      expect(hasTooManyDecimalPlaces(typed, typed === "0.1535" ? 4 : 2), typed).toBe(false);
    }
  });
});
