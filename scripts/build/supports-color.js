// chalk's own colour detection, replaced at build time (scripts/build.mjs): falpub decides colour
// itself (src/terminal.ts) and always passes chalk an explicit level, so detection never runs, and
// the real module loads node:tty and probes the terminal at import (~3 ms a start).
export default { stdout: false, stderr: false };
