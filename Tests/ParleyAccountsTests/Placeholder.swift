// Tests of this module are written with it (restructure in progress).
