import { registerLocaleData } from '@angular/common';
import localeVi from '@angular/common/locales/vi';
import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';
import { readListEarly } from './app/albums/album-list/early-list-read';
import { preconnectToApi } from './app/api/preconnect';
import { preloadScreen } from './app/screen-chunks';
import { nextTask } from './app/next-task';
import { environment } from '../environments/environment';

// Angular's pipes and Material read the locale data of LOCALE_ID (set by each localized build).
registerLocaleData(localeVi);

// Before anything else: the first screen's data comes from there.
preconnectToApi(document, environment.apiBaseUrl);
// The screen's route chunks all at once, not one router level after the other.
preloadScreen(document);
// The album list's first page while the app boots (its answer waits for the list's request).
readListEarly(document, environment.apiBaseUrl);

// Evaluating the bundle and starting the app are two tasks, not one long one (issue 22's
// Total Blocking Time): the browser gets its turn between them.
void nextTask()
  .then(() => bootstrapApplication(App, appConfig))
  .catch((err) => console.error(err));
