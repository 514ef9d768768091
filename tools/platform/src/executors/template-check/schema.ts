/** `template-check` takes no options: the policy lives in generators/service/template.json. */
export type TemplateCheckExecutorSchema = Record<string, never>;
