export { LifecycleModule } from './lifecycle.module';
export { SweepModule, SweepSchedulerModule } from './sweep.module';
export { SweepService } from './sweep.service';
export { ServiceUsageEntity } from './entities/service-usage.entity';
export { servicesUsedBySql } from './lifecycle.repository';
