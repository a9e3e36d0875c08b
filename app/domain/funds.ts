/**
 * What a bid draws on: its CSP's provisional allocation, or the round's central fund, kept back
 * from the pot for projects across partnerships (any CSP may bid for it).
 */
export const BID_FUNDS = ["allocation", "central"] as const;
export type BidFund = (typeof BID_FUNDS)[number];

export const BID_FUND_LABELS: Record<BidFund, string> = {
  allocation: "The partnership's allocation",
  central: "The round's central fund",
};
