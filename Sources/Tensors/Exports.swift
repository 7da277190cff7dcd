@_exported import Seeding
