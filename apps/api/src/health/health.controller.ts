import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@app/shared';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  /** The process is up. */
  @Get('live')
  @HealthCheck()
  @ApiProblems()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The database answers and every migration is applied. */
  @Get('ready')
  @HealthCheck()
  @ApiProblems(503)
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('migrations');
        try {
          return (await this.dataSource.showMigrations()) ? indicator.down({ pending: true }) : indicator.up();
        } catch (err) {
          // the database is down: a failing check (503), never an unhandled error (500)
          return indicator.down({ message: err instanceof Error ? err.message : String(err) });
        }
      },
    ]);
  }
}
