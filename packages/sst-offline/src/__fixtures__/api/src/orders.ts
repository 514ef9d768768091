export async function list() {
  return { statusCode: 200, body: "[]" };
}

export const create = async () => ({ statusCode: 201, body: "{}" });
