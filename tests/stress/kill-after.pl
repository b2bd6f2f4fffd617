#!/usr/bin/perl
# kill-after.pl MICROSECONDS COMMAND [ARGS...]: run COMMAND and send it
# SIGKILL after MICROSECONDS, unless it is done by then.  Exits with the
# command's status, or prints "killed" and exits 137 when the kill landed.
use strict;
use warnings;
use POSIX ":sys_wait_h";
use Time::HiRes qw(usleep);

my $delay = shift @ARGV;
defined(my $pid = fork) or die "kill-after: fork: $!\n";
if ($pid == 0) {
	exec @ARGV or die "kill-after: $ARGV[0]: $!\n";
}
usleep($delay);
if (waitpid($pid, WNOHANG) == 0) {
	kill 'KILL', $pid;
	waitpid($pid, 0);
	print STDERR "killed\n";
	exit 137;
}
exit($? & 127 ? 128 + ($? & 127) : $? >> 8);
