// Before the page's own scripts: note the delays of its long timers (a minute to 20 hours), which is
// where a screen that leaves, expires or warns by itself begins. Nothing else changes: the timer is
// set as asked, and the list is hidden from the page's enumeration of `window`.
(() => {
  const long = [];
  try { Object.defineProperty(window, "__parcoursTimers", { value: long, enumerable: false }); } catch (e) { return; }
  for (const name of ["setTimeout", "setInterval"]) {
    const original = window[name];
    if (typeof original !== "function") continue;
    const wrapped = function (handler, delay, ...rest) {
      const ms = Number(delay) || 0;
      if (ms >= 60000 && ms <= 72000000 && long.length < 50) long.push(ms);
      return original.call(window, handler, delay, ...rest);
    };
    Object.defineProperty(wrapped, "name", { value: name });
    try { Object.defineProperty(window, name, { value: wrapped, writable: true, configurable: true }); } catch (e) { /* frozen */ }
  }
})();
