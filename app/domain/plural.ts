/** "1 return is", "2 returns are", "1,204 grants": a count with the words that agree with it. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}
