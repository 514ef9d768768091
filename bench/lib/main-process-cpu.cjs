// @ts-check
/**
 * Preloaded (`NODE_OPTIONS=--require <this file>`) into a command to record the CPU time of its
 * FIRST Node process only: `nx g` runs the generator in its main process, while the plugin workers
 * Nx starts detached (which no waiting parent reliably counts) are the same whichever generator
 * runs. The first process takes the output file from the environment and removes it, so the
 * processes it starts (which inherit NODE_OPTIONS) record nothing. On exit it appends its user +
 * system CPU milliseconds to the file.
 */
const file = process.env.BENCH_MAIN_PROCESS_CPU_FILE;
if (file) {
  delete process.env.BENCH_MAIN_PROCESS_CPU_FILE;
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    require("node:fs").appendFileSync(file, `${(user + system) / 1000}\n`);
  });
}
