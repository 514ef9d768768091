export {
  applyActions,
  type FileResult,
  type FileStatus,
  type RenderOptions,
  type RenderResult,
  renderIntoTree,
  renderTemplates,
  runShellActions,
  type ShellAction,
  TemplateError,
} from "./engine";
