/** A backtest that cannot run or was cut off: the message says what to change. Maps to the API's bad_data. */
export class BacktestError extends Error {
  override readonly name = 'BacktestError';
}
