// The UI helper routes (/ui/...), one file per Prefect router.
import './flows.ts';
import './flow-runs.ts';
import './task-runs.ts';
import './schemas.ts';
