import Exposure
import Hummingbird

/// Builds the lookup server. Being written.
public enum LookupServer {}
