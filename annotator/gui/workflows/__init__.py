"""Long work the window starts (import, export, merge): each runs off the UI thread on its own
connection to the project, behind a progress dialog with Cancel, then tells the window."""
