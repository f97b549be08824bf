/** Time as the domain sees it: passed in, so rules about "now" are testable. */
export type Clock = () => Date

/** `YYYY-MM-DDThh:mm:ssZ`, the seconds precision of ENI, VPC and SG creation times (spec §3.2). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `YYYY-MM-DDThh:mmZ`, the minute precision of instance times (spec §3.2). */
export function isoMinutes(date: Date): string {
  return date.toISOString().replace(/:\d{2}\.\d{3}Z$/, 'Z')
}
