export default $config({
  app() {
    return { name: "queue", home: "aws" };
  },
  async run() {
    const deadLetters = new sst.aws.Queue("DeadLetters");
    const jobs = new sst.aws.Queue("Jobs", {
      dlq: { queue: deadLetters.arn, retry: 5 },
      visibilityTimeout: "2 minutes",
    });
    jobs.subscribe(
      { handler: "src/worker.handler", timeout: "60 seconds" },
      { batch: { size: 5 } },
    );
    return { queue: jobs.url };
  },
});
