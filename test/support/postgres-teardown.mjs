export default async function teardown() {
  await globalThis.__PLATFORM_PG__?.stop();
}
