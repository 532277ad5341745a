"""Mock exams (模試) shaped like the national nursing exam: building one from the bank
(`builder`), sitting it with flags, time and resume (`sitting`), and scoring it against the
pass lines (`scoring`)."""
