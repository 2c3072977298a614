import Exposure
import GRDB

/// GRDB adapter of `ExposureStore`: the embedded default (one SQLite file). Being written.
public struct SQLiteStore {}
