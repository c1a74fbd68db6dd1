"""Full-screen views, one main class per file."""
