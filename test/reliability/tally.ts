/** The harness's verdict, per channel and in total. */
export interface Tally {
  /** Customer messages sent (a retry of the same message counts once). */
  sent: number;
  /** Customer messages that got their answer (or reached an agent). */
  replies: number;
  /** Messages with no answer at the end. */
  lost: number;
  /** Messages answered more than once (a turn that ran twice to completion). */
  duplicated: number;
  /** Messages whose turn ran after a later message's turn. */
  outOfOrder: number;
  /** Deliveries a client or platform made again after a failure (not an error: what retries look like). */
  retries: number;
}

/** An empty tally. */
export function emptyTally(): Tally {
  return { sent: 0, replies: 0, lost: 0, duplicated: 0, outOfOrder: 0, retries: 0 };
}

/** Adds `b` into `a`. */
export function addTally(a: Tally, b: Tally): Tally {
  return {
    sent: a.sent + b.sent,
    replies: a.replies + b.replies,
    lost: a.lost + b.lost,
    duplicated: a.duplicated + b.duplicated,
    outOfOrder: a.outOfOrder + b.outOfOrder,
    retries: a.retries + b.retries,
  };
}

/** One line for the report. */
export function formatTally(name: string, tally: Tally): string {
  const { sent, replies, lost, duplicated, outOfOrder, retries } = tally;
  return `${name.padEnd(34)} sent ${sent}  replies ${replies}  lost ${lost}  duplicated ${duplicated}  out of order ${outOfOrder}  (retried deliveries ${retries})`;
}
