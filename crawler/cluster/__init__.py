"""Many crawler processes on many machines, one frontier on Redis (``-s KHABAR_REDIS_URL=``)."""
