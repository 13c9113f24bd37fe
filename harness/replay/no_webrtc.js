// Run in every document of a replay, before the page's own scripts: WebRTC is off. A peer
// connection sends UDP straight to the hosts it is given (STUN, TURN, other peers), around the
// gate that checks every request; a replay has no use for it. The attempt is refused as a browser
// without WebRTC refuses it, and reported (a console message the replay reads) so the run
// records it with the hosts it named. Chromium's headless shell also drops non-proxied UDP
// (--force-webrtc-ip-handling-policy), a second layer below this one.
(() => {
  const report = console.debug.bind(console);
  for (const name of ["RTCPeerConnection", "webkitRTCPeerConnection"]) {
    const original = window[name];
    if (typeof original !== "function") continue;
    const refused = new Proxy(original, {
      construct(target, args) {
        const urls = [];
        for (const server of (args[0] && args[0].iceServers) || []) {
          const given = server && (server.urls || server.url);
          for (const url of Array.isArray(given) ? given : [given]) if (typeof url === "string") urls.push(url);
        }
        report("parcours:webrtc", JSON.stringify(urls));
        throw new DOMException("WebRTC is off during a Parcours replay", "NotSupportedError");
      },
    });
    Object.defineProperty(window, name, { value: refused, configurable: false, writable: false });
    try {  // the way back to the original through an instance's prototype: closed where the browser lets us
      Object.defineProperty(original.prototype, "constructor", { value: refused, configurable: false, writable: false });
    } catch (e) { /* the window's own name is refused all the same */ }
  }
})();
