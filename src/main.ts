// `npm start`: the server, configured by PREFECT_* environment variables.
import { run } from './start.ts';

run(process.env);
