export async function handler() {
  return { ran: "nightly", at: import.meta.url.endsWith("nightly-run.mjs") };
}
