// POST /templates/validate (blocks-and-ui-routes §9): 204 for an acceptable
// template; else 422 with Prefect's own body `{"error": {line, message, source}}`
// (neither the envelope nor {"detail"}).
import { builder } from '../../graphql/builder.ts';
import { ApiError } from '../../errors.ts';
import { templateProblem } from './jinja.ts';

builder.queryFields((t) => ({
  validate_template: t.boolean({
    description: 'Check a Jinja template: syntax, at most 10 for loops, nested at most 2 deep. True when acceptable.',
    args: { template: t.arg.string({ defaultValue: '', description: 'The template text.' }) },
    resolve: (_root, args) => {
      const template = args.template ?? '';
      const problem = templateProblem(template);
      if (problem) throw new ApiError(422, { error: { line: problem.line, message: problem.message, source: template } }, problem.message);
      return true;
    },
  }),
}));
