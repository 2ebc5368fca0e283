"""What the window does through dialogs: open or start a project, import, export, merge, link
actors, switch coder. Long work runs off the UI thread on its own connection to the project,
behind a progress dialog with Cancel; every word to the user goes through the window's
Interaction (see annotator.core.interaction), never through the window's widgets."""
