"""Use cases shared by the dashboard and the command line.

Every write runs in one ``BEGIN IMMEDIATE`` transaction together with its
Events, so a change is either all there or not there at all.
"""
