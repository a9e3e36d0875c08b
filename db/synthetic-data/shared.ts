/** What the parts of db/synthetic.ts share: the people they act as, and dates as the synthetic rows keep them. */

export interface People {
  admin: number;
  reviewer: number;
  finance: number;
  /** Each partnership's lead and its council's finance officer, by the partnership's id. */
  leads: Map<number, { id: number; name: string }>;
  councilFinance: Map<number, { id: number; name: string }>;
}

export const DAY = 86_400_000;
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const msOf = (date: string, hour = 9) => Date.parse(`${date}T${String(hour).padStart(2, "0")}:00:00.000Z`);
