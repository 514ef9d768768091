export default $config({
  app() {
    return { name: "postgres-vpc", home: "aws" };
  },
  async run() {
    const vpc = new sst.aws.Vpc("Vpc", { nat: "ec2" });
    const database = new sst.aws.Postgres("Database", { vpc });
    return { host: database.host, port: database.port };
  },
});
