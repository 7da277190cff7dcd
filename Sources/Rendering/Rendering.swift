// Rendering module: see DESIGN.md
