import Exposure
import PostgresNIO

/// PostgresNIO adapter of `ExposureStore`. Being written.
public struct PostgresStore {}
