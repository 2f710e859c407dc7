import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Store } from '@ngrx/store';
import { hubDetail } from '../../i18n/language';
import { ConnectionIndicatorActions } from '../../realtime/notification-hub.actions';
import {
  selectConnectionLastError,
  selectConnectionStatus,
} from '../../realtime/connection.feature';

/** Live updates: connected; reconnecting…; offline with "Reconnect now". */
@Component({
  selector: 'app-connection-indicator',
  imports: [MatButtonModule],
  templateUrl: './connection-indicator.html',
  styleUrl: './connection-indicator.scss',
  host: { '[attr.data-status]': 'status()' },
})
export class ConnectionIndicator {
  private readonly store = inject(Store);
  protected readonly status = this.store.selectSignal(selectConnectionStatus);
  protected readonly lastError = this.store.selectSignal(selectConnectionLastError);

  protected readonly label = computed(() => {
    switch (this.status()) {
      case 'Connected':
        return $localize`:connection state:Live`;
      case 'Connecting':
        return $localize`:connection state:Connecting…`;
      case 'Reconnecting':
        return $localize`:connection state:Reconnecting…`;
      default:
        return $localize`:connection state:Offline`;
    }
  });
  protected readonly description = computed(() => {
    switch (this.status()) {
      case 'Connected':
        return $localize`Live updates: connected`;
      case 'Connecting':
        return $localize`Live updates: connecting`;
      case 'Reconnecting':
        return $localize`Live updates: reconnecting`;
      default: {
        // The client library's words are English: shown on an English page only.
        const reason = hubDetail(this.lastError());
        return reason
          ? $localize`Live updates: offline (${reason}:reason:)`
          : $localize`Live updates: offline`;
      }
    }
  });

  protected reconnect(): void {
    this.store.dispatch(ConnectionIndicatorActions.reconnectRequested());
  }
}
