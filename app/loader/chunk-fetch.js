// Put before the chunk loader that wasm-split generates (__wasm_split.js; scripts/build-widget.sh):
// its chunk fetches go through this `fetch`, which gives up after 30 s, as the widget's API calls
// do and in the same way (app/src/api.rs, TIMEOUT and `deadline`: an AbortController aborted by a
// timer, which every browser that runs the widget has). DEADLINE_MS is set at build, for the
// quick search's calls too. A fetch that never answers (a connection lost without a word) would
// otherwise leave the loader's pending load memoised and the view's spinner turning for good;
// aborted, the load fails, the view says so with "Thử lại", and trying again fetches anew (the
// loader keeps only successful loads).
const fetch = (url) => {
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(), DEADLINE_MS);
  return globalThis.fetch(url, { signal: deadline.signal });
};
