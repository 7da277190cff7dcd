// Simulation module: see DESIGN.md
