import { InjectionToken } from '@angular/core';
import { environment } from '../../../environments/environment';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';

/** The build's environment, injectable so tests can supply another. */
export const APP_ENVIRONMENT = new InjectionToken<PhotoFlowEnvironment>('PhotoFlow environment', {
  providedIn: 'root',
  factory: () => environment,
});
