// Test files share a worker thread (vitest `isolate: false`), so one file's process.env changes would leak into
// the next: each file gets back, when it ends, the environment it started with.
const saved = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});
