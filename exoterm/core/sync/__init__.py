"""Progress that follows the learner across devices through a folder they already share:
`segment` (the file format) and `folder` (one `exoterm sync`: read, merge, write)."""
