declare module 'async-exit-hook' {
  /** The part of async-exit-hook's API Gauntlet uses (the package ships no types). */
  const exitHook: { unhookEvent(event: string): void };
  export default exitHook;
}
