/**
 * A number with en-US digit grouping and between `minFractionDigits` and `maxFractionDigits` decimals:
 * `12,500`, `3.47`, `1,210.00`. Written without Intl: the first Intl number format of a process costs
 * ~25 ms and ~6 MiB, which every `cdktf synth` that prints a warning would pay.
 */
export function formatNumber(value: number, maxFractionDigits = 2, minFractionDigits = 0): string {
  const [whole = "0", fraction = ""] = Math.abs(value).toFixed(maxFractionDigits).split(".");
  const decimals = fraction.replace(/0+$/, "").padEnd(minFractionDigits, "0");
  const sign = value < 0 && /[1-9]/.test(whole + decimals) ? "-" : "";
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${decimals ? `.${decimals}` : ""}`;
}
