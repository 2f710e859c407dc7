import { Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute } from '@angular/router';
import { map } from 'rxjs';
import { APP_ENVIRONMENT } from '../../api/app-environment';
import { AuthService } from '../auth.service';
import { LanguageSwitch } from '../../i18n/language-switch';

/** "Sign in with Google": the OAuth flow of CONTRACT §2 (locally, the dev backend's page). */
@Component({
  selector: 'app-login-page',
  imports: [MatButtonModule, LanguageSwitch],
  templateUrl: './login-page.html',
  styleUrl: './login-page.scss',
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly query = inject(ActivatedRoute).queryParamMap;

  private readonly returnUrl = toSignal(
    this.query.pipe(map((params) => params.get('returnUrl') ?? '/albums')),
    {
      initialValue: '/albums',
    },
  );
  /** A message handed over by the callback page or the interceptor (signed out, refused). */
  protected readonly notice = toSignal(this.query.pipe(map((params) => params.get('reason'))), {
    initialValue: null,
  });
  protected readonly devUsersHint = inject(APP_ENVIRONMENT).devUsersHint ?? null;
  protected readonly configurationError = this.auth.configurationError;
  protected readonly error = signal<string | null>(null);
  protected readonly redirecting = signal(false);

  protected signIn(): void {
    this.error.set(null);
    try {
      this.redirecting.set(true);
      this.auth.signIn(this.returnUrl());
    } catch (error) {
      this.redirecting.set(false);
      this.error.set(
        error instanceof Error
          ? error.message
          : $localize`Sign-in could not start. Please try again.`,
      );
    }
  }
}
