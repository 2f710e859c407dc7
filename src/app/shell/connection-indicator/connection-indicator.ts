import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Store } from '@ngrx/store';
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
        return 'Live';
      case 'Connecting':
        return 'Connecting…';
      case 'Reconnecting':
        return 'Reconnecting…';
      default:
        return 'Offline';
    }
  });
  protected readonly description = computed(() => {
    switch (this.status()) {
      case 'Connected':
        return 'Live updates: connected';
      case 'Connecting':
        return 'Live updates: connecting';
      case 'Reconnecting':
        return 'Live updates: reconnecting';
      default:
        return 'Live updates: offline' + (this.lastError() ? ` (${this.lastError()})` : '');
    }
  });

  protected reconnect(): void {
    this.store.dispatch(ConnectionIndicatorActions.reconnectRequested());
  }
}
