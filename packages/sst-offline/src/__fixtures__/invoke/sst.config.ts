export default $config({
  app() {
    return { name: "invoke", home: "aws" };
  },
  async run() {
    const vpc = aws.ec2.getVpcOutput({ default: true });
    new sst.aws.Function("Lookup", {
      handler: "src/lookup.handler",
      environment: { VPC_ID: vpc.id },
    });
  },
});
